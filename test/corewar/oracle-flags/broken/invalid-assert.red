;assert CORESIZE ==
 mov 0 1

;assert CORESIZE == 1 ; must fail
 mov 0, 1

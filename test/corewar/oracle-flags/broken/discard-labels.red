;assert 1
 mov 0, 1
here there

;assert 1
 mov 0 1
start mov 0, 1
MAXLENGTH dat 0, 0

;assert 1
 mov 0, \
 1/0
 dat 0, 0

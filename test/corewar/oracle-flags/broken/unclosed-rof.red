;assert 1
x for 2
 mov 0, 1

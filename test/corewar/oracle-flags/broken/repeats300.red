;assert 1
x for 300
 mov 0 1
 rof

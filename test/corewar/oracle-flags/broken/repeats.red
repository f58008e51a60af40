;assert 1
 x for 3
 mov 0 1   ; bad, three times
 rof
 dat 0, 0

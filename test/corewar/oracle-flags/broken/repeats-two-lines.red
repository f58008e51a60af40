;assert 1
x for 2
 mov 0 1
 rof
y for 4
a dat 0, 0
 add #1 #2
 rof

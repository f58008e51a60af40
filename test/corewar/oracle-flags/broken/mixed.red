;name Mixed
;assert 1
 org 5
a mov 0, 1
a dat 0, 0
 jmp 1/0
 dat 1, 2   ; trailing comment

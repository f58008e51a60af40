;redcode
;name TooMany
;assert 1
 mov 0 1
 dat 1/0, 0
 jmp nowhere
 mov.q 1, 2
 foo 1, 2
 dat (1, 2
 spl 1 2
 rof
 mov 0, 1, 2
 add 1 2
 sub 3 4

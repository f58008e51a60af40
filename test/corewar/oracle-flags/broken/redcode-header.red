garbage before redcode
;redcode
;assert 1
 mov 0, 1
 jmp missing

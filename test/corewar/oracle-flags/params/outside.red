;redcode-94
;assert 1
org 5
mov 0, 1

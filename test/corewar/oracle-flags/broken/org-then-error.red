;assert 1
 mov 0, 1
 org 9
 jmp nowhere

;name Colon
start: mov 0, 1
 jmp start
 end start

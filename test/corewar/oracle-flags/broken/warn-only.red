;name Warn
;author Kaizen
 start mov 0, 1
 jmp start
 end start

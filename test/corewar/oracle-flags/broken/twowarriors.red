;redcode
;name First
 mov 0, 1
 end
;redcode
;name Second
 dat 0, 0
 end

;redcode
;name Eighty
 mov 0 1
 end

;name BigFor
 for 1000000
 rof
 mov 0, 1
 end

;name ForEnd
 for 2
 mov 0,1
 end
 rof

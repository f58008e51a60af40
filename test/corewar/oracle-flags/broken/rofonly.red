;name RofOnly
 mov 0, 1
 rof
 end

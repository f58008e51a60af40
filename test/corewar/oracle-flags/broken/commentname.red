;name
 mov 0, 1
 end

;name For0
 for 0
 dat 1, 1
 rof
 mov 0, 1
 end

;name NegLen
 dat 0, 0
 end

;name ForNoRof
 for 3
 dat 1, 1
 end

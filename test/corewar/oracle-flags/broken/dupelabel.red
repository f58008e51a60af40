;name Dup
a dat 0, 0
a dat 1, 1
 end

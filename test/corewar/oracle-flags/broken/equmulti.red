;name EquMulti
X equ mov 0, 1
 equ dat 0, 0
 X
 end

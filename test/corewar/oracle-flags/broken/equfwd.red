;name EquFwd
 dat x, 0
x equ 5
 end

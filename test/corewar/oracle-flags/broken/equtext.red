;name EquText
M equ mov.i
 M 0, 1
 end

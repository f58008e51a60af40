;name EquLabel
start mov 0, 1
alias equ start
 jmp alias
 end alias

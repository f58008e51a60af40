;name Undef
 jmp nowhere
 end

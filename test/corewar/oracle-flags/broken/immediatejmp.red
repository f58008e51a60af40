;name ImmJmp
 jmp #0
 end

;redcode-nano
;name Kaizen test stone
;author Kaizen
        MOV.I   $3, @2
        ADD.AB  #7, $1
        JMP.B   $-2, #7
        DAT.F   #0, #0
        END

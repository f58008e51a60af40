;redcode-nano
;name Kaizen test scanner
;author Kaizen
        ADD.AB  #9, $3
        JMZ.F   $-1, @2
        MOV.I   $2, @1
        JMP.B   $-3, #0
        DAT.F   #0, #0
        END

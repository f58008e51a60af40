;redcode-nano
;name Kaizen test paper
;author Kaizen
        SPL.B   $0, $0
        MOV.I   $-1, $11
        DAT.F   #0, #0
        END

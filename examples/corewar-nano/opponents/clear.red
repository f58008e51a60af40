;redcode-nano
;name Kaizen test clear
;author Kaizen
        SPL.B   #0, $0
        MOV.I   $2, >-1
        DJN.F   $-1, {-2
        DAT.F   #0, #0
        END

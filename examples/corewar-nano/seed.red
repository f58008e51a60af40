;redcode-nano
;name Kaizen seed paper
;author Kaizen
;strategy spl/mov/mov/djn: the shape of most strong nano warriors, with untuned constants.
; EVOLVE-BLOCK-START
        SPL.B   #1, <-10
        MOV.I   }-5, {0
        MOV.I   >-20, {-2
        DJN.F   $-2, <-30
        DAT.F   #0, #0
; EVOLVE-BLOCK-END
        END

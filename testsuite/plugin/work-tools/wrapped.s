	.file	"scopes-1.c"
	.text
	.p2align 4
	.type	depth_first, @function
depth_first:
.LFB11:
	.cfi_startproc
#APP
# 9 "scopes-1.c" 1
		.pushsection .rodata.str1.1,"aMS",@progbits,1
.LMSs8:	.string "n"
.LMSs9:	.string "int"
.LMSs10:	.string "scopes-1.c"
.LMSs11:	.string "pad"
.LMSs12:	.string "char[16]"
.LMSs13:	.string "depth_first"
	.popsection
	.pushsection .data.rel.ro.local,"aw"
	.balign 8
.LMSV4:
	.quad .LMSs8, .LMSs9, .LMSs10
	.long 8, 69
	.quad 4, 0
	.quad .LMSs11, .LMSs12, .LMSs10
	.long 10, 32
	.quad 16, -80
.LMSS0:
	.long 2, 0
	.quad .LMSs13, .LMSs10
	.long 8, 0
	.quad 0
	.long 2, 0
	.quad .LMSV4
	.quad 16, 80, 0
.LMSV5:
	.quad .LMSs8, .LMSs9, .LMSs10
	.long 8, 69
	.quad 4, 0
	.quad .LMSs11, .LMSs12, .LMSs10
	.long 10, 32
	.quad 16, -64
.LMSS1:
	.long 2, 0
	.quad .LMSs13, .LMSs10
	.long 8, 0
	.quad 0
	.long 2, 1
	.quad .LMSV5
	.quad 16, 0, .LMSS0
.LMSV6:
	.quad .LMSs8, .LMSs9, .LMSs10
	.long 8, 69
	.quad 4, 0
	.quad .LMSs11, .LMSs12, .LMSs10
	.long 10, 32
	.quad 16, -80
.LMSS2:
	.long 2, 0
	.quad .LMSs13, .LMSs10
	.long 8, 0
	.quad 0
	.long 2, 1
	.quad .LMSV6
	.quad 16, 0, .LMSS0
.LMSV7:
	.quad .LMSs8, .LMSs9, .LMSs10
	.long 8, 69
	.quad 4, 0
	.quad .LMSs11, .LMSs12, .LMSs10
	.long 10, 32
	.quad 16, -80
.LMSS3:
	.long 2, 0
	.quad .LMSs13, .LMSs10
	.long 8, 0
	.quad 0
	.long 2, 1
	.quad .LMSV7
	.quad 16, 0, .LMSS0
	.popsection
# 0 "" 2
# 9 "scopes-1.c" 1
	lea .LMSS0(%rip),%r11
	call *__memscope_tramp_enter_v@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	pushq	%r13
	.cfi_def_cfa_offset 16
	.cfi_offset 13, -16
	movd	%edi, %xmm0
	pushq	%r12
	.cfi_def_cfa_offset 24
	.cfi_offset 12, -24
	punpcklbw	%xmm0, %xmm0
	pushq	%rbp
	.cfi_def_cfa_offset 32
	.cfi_offset 6, -32
	punpcklwd	%xmm0, %xmm0
	pushq	%rbx
	.cfi_def_cfa_offset 40
	.cfi_offset 3, -40
	pshufd	$0, %xmm0, %xmm0
	movl	%edi, %ebx
	subq	$40, %rsp
	.cfi_def_cfa_offset 80
	movaps	%xmm0, (%rsp)
	testl	%edi, %edi
	jne	.L20
	addq	$40, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 40
	movl	%ebx, %eax
	popq	%rbx
	.cfi_def_cfa_offset 32
	popq	%rbp
	.cfi_def_cfa_offset 24
	popq	%r12
	.cfi_def_cfa_offset 16
	popq	%r13
	.cfi_def_cfa_offset 8
#APP
# 15 "scopes-1.c" 1
	lea .LMSS0(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	ret
	.p2align 4,,10
	.p2align 3
.L20:
	.cfi_restore_state
	leal	-1(%rdi), %ebp
#APP
# 11 "scopes-1.c" 1
	lea .LMSS1(%rip),%r11
	call *__memscope_tramp_enter_v@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	movd	%ebp, %xmm0
	punpcklbw	%xmm0, %xmm0
	punpcklwd	%xmm0, %xmm0
	pshufd	$0, %xmm0, %xmm0
	movaps	%xmm0, 16(%rsp)
	testl	%ebp, %ebp
	je	.L22
#APP
# 8 "scopes-1.c" 1
	lea .LMSS2(%rip),%r11
	call *__memscope_tramp_enter_v@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	movl	%edi, %r12d
	subl	$2, %r12d
	jne	.L21
#APP
# 8 "scopes-1.c" 1
	lea .LMSS2(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
.L4:
	movsbl	%bpl, %ebp
	addl	%r12d, %ebp
#APP
# 8 "scopes-1.c" 1
	lea .LMSS1(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	jmp	.L3
	.p2align 4,,10
	.p2align 3
.L22:
#APP
# 8 "scopes-1.c" 1
	lea .LMSS1(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
.L3:
	movsbl	%bl, %ebx
	addq	$40, %rsp
	.cfi_remember_state
	.cfi_def_cfa_offset 40
	addl	%ebp, %ebx
	movl	%ebx, %eax
	popq	%rbx
	.cfi_def_cfa_offset 32
	popq	%rbp
	.cfi_def_cfa_offset 24
	popq	%r12
	.cfi_def_cfa_offset 16
	popq	%r13
	.cfi_def_cfa_offset 8
#APP
# 15 "scopes-1.c" 1
	lea .LMSS0(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	ret
	.p2align 4,,10
	.p2align 3
.L21:
	.cfi_restore_state
#APP
# 8 "scopes-1.c" 1
	lea .LMSS3(%rip),%r11
	call *__memscope_tramp_enter_v@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	movl	%edi, %r13d
	subl	$3, %r13d
	je	.L23
	leal	-4(%rdi), %edi
	movsbl	%r13b, %r13d
	call	depth_first
	addl	%eax, %r13d
#APP
# 8 "scopes-1.c" 1
	lea .LMSS3(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	jmp	.L5
	.p2align 4,,10
	.p2align 3
.L23:
#APP
# 8 "scopes-1.c" 1
	lea .LMSS3(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
.L5:
	movsbl	%r12b, %r12d
	addl	%r13d, %r12d
#APP
# 8 "scopes-1.c" 1
	lea .LMSS2(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	jmp	.L4
	.cfi_endproc
.LFE11:
	.size	depth_first, .-depth_first
	.section	.rodata.str1.1,"aMS",@progbits,1
.LC0:
	.string	"%d %d %d %d\n"
.LC1:
	.string	"%d\n"
	.section	.text.startup,"ax",@progbits
	.p2align 4
	.globl	main
	.type	main, @function
main:
.LFB14:
	.cfi_startproc
#APP
# 59 "scopes-1.c" 1
		.pushsection .rodata.str1.1,"aMS",@progbits,1
.LMSs21:	.string "main"
.LMSs22:	.string "total"
.LMSs23:	.string "i"
.LMSs24:	.string "loops"
.LMSs25:	.string "cell"
.LMSs26:	.string "char[8]"
.LMSs27:	.string "out"
.LMSs28:	.string "long int[2]"
	.popsection
	.pushsection .data.rel.ro.local,"aw"
	.balign 8
.LMSS14:
	.long 2, 0
	.quad .LMSs21, .LMSs10
	.long 58, 0
	.quad 0
	.long 0, 0
	.quad 0
	.quad 0, 16, 0
.LMSV18:
	.quad .LMSs22, .LMSs9, .LMSs10
	.long 34, 132
	.quad 4, 0
	.quad .LMSs23, .LMSs9, .LMSs10
	.long 35, 132
	.quad 4, 0
.LMSS15:
	.long 2, 0
	.quad .LMSs24, .LMSs10
	.long 32, 0
	.quad 0
	.long 2, 1
	.quad .LMSV18
	.quad 0, 0, 0
.LMSV19:
	.quad .LMSs25, .LMSs26, .LMSs10
	.long 37, 132
	.quad 8, 0
.LMSS16:
	.long 2, 1
	.quad .LMSs24, .LMSs10
	.long 36, 1
	.quad .LMSS15
	.long 1, 0
	.quad .LMSV19
	.quad 0, 0, 0
.LMSV20:
	.quad .LMSs27, .LMSs28, .LMSs10
	.long 46, 132
	.quad 16, 0
.LMSS17:
	.long 2, 1
	.quad .LMSs24, .LMSs10
	.long 45, 1
	.quad .LMSS15
	.long 1, 0
	.quad .LMSV20
	.quad 0, 0, 0
	.popsection
# 0 "" 2
# 59 "scopes-1.c" 1
	lea .LMSS14(%rip),%r11
	call *__memscope_tramp_enter_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	subq	$8, %rsp
	.cfi_def_cfa_offset 16
	movl	$3, %edi
	movl	$2, %ecx
	xorl	%edx, %edx
	call	depth_first
	movl	$4, %r8d
	leaq	.LC0(%rip), %rdi
	movl	%eax, %esi
	xorl	%eax, %eax
	call	printf@PLT
	movl	$2, %esi
	leaq	.LC1(%rip), %rdi
	xorl	%eax, %eax
	call	printf@PLT
	xorl	%eax, %eax
	addq	$8, %rsp
	.cfi_def_cfa_offset 8
#APP
# 63 "scopes-1.c" 1
	lea .LMSS14(%rip),%r11
	call *__memscope_tramp_exit_x@GOTPCREL(%rip)
# 0 "" 2
#NO_APP
	ret
	.cfi_endproc
.LFE14:
	.size	main, .-main
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits

/* tramp-x86_64.S: where the plugin's calls land.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The plugin instruments the code after register allocation, so its calls
 * cannot follow the C calling convention: the compiler no longer saves
 * anything around them.  The contract (include/memscope-abi.h): the
 * descriptor comes in %r11; every other register is preserved, the flags
 * excepted; the _x variants may also clobber %rax and %r10 (enter) or %r10
 * (exit), which the plugin uses where those are dead (at a function's entry
 * and returns, nearly always).
 *
 * Where registers are free, the plugin runs the first branch of ENTER,
 * COUNT and EXIT inline (plugin/pass.cc, inline_text: the same loads, checks
 * and stores, on this file's offsets) and comes here only when one of its
 * checks fails, before it has stored anything; so the two must stay in step.
 *
 * The common cases are handled here, on the calling thread's own state
 * (initial-exec TLS): an enter whose context the parent's cache knows (in
 * the slot the plugin gave the site: one trampoline per slot, so that the
 * slot costs no instruction), an exit of a frame that registered nothing.  The layout they read
 * is hotpath-layout.h's, checked against the C structures in hotpath.c.
 * Everything else goes to C (hotpath.c) through CALL_C, which saves the
 * general registers C may clobber and aligns the stack.  hotpath.c is
 * compiled with -mgeneral-regs-only; whatever it calls that may touch the
 * vector registers goes through ms_vcall, which saves the whole extended
 * state around the call.
 *
 * A worked trace of the fast enter, for f calling g (top is the thread's
 * innermost frame, slot the one above it):
 *   top = f's frame, f.node = F, F.cache[g's slot] = G (g entered from F before)
 *   G.desc == %r11            -> hit
 *   G.entries++; slot.node = G; slot.key = g's desc; slot.sp = marker's %rsp
 *   top += 1 frame            (one instruction: a signal handler sees
 *                              either the old top or the new one)
 *   slot.node, slot.sp again  (a handler that ran in between and reused the
 *                              slot cannot leave its own frame behind)
 * and the fast exit of g: top.key == g's desc -> top -= 1 frame.
 */
#include "hotpath-layout.h"

	.text

.macro PUSH r
	pushq	\r
	.cfi_adjust_cfa_offset 8
.endm

.macro POP r
	popq	\r
	.cfi_adjust_cfa_offset -8
.endm

/* FN (%r11, the instrumentation point's %rsp, %rdx, %rcx) in C, with every
 * general register but %r11 preserved.  SPOFF: how far above %rsp the
 * instrumentation point's stack pointer is on arrival here.  ARGS: how the
 * third and fourth arguments are loaded, read relative to %rbx, which holds
 * the stack pointer after the nine pushes. */
.macro CALL_C fn, spoff, args=
	PUSH	%rax
	PUSH	%rcx
	PUSH	%rdx
	PUSH	%rsi
	PUSH	%rdi
	PUSH	%r8
	PUSH	%r9
	PUSH	%r10
	PUSH	%rbx
	movq	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	movq	%r11, %rdi
	leaq	(\spoff + 72)(%rbx), %rsi
	\args
	andq	$-16, %rsp
	call	\fn
	movq	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	POP	%rbx
	POP	%r10
	POP	%r9
	POP	%r8
	POP	%rdi
	POP	%rsi
	POP	%rdx
	POP	%rcx
	POP	%rax
.endm

.macro ENTRY name
	.globl	\name
	.type	\name, @function
	.p2align 4
\name:
	.cfi_startproc
.endm

.macro END name
	.cfi_endproc
	.size	\name, .-\name
.endm

/* The parent's (top, %r10) child for the descriptor in %r11, from the
 * thread's lookup table (hashed on parent and descriptor, as hotpath.c's
 * lookup_slot), into %rax and the parent's cache slot SLOT; a miss jumps
 * to the caller's next label 6.  Clobbers %rcx and %rdx (%rcx: the
 * parent's node).
 *
 * The child may be a recursion folded onto another instance of the same
 * site: an inlined copy of a function entered by the function itself, or
 * the reverse (hotpath.c, child_find).  Its descriptor is then not the one
 * entered (the frame's key, and the counted bytes, are the entered one's,
 * as in C); it goes to its parent's cache slot all the same, where the
 * inline paths find it by its site (BUDDY, hotpath.c, cache_remember). */
.macro LOOKUP slot
	movq	MS_F_NODE(%r10), %rcx
	movq	%rcx, %rax
	shrq	$4, %rax
	imulq	$MS_LOOKUP_MUL, %rax, %rax
	movq	%r11, %rdx
	shrq	$3, %rdx
	xorq	%rdx, %rax
	movq	%rax, %rdx
	shrq	$MS_LOOKUP_BITS, %rdx
	xorq	%rdx, %rax
	andl	$((1 << MS_LOOKUP_BITS) - 1), %eax
	leaq	(%rax,%rax,2), %rax
	movq	MS_THREAD_SYM@gottpoff(%rip), %rdx
	movq	%fs:MS_T_LOOKUP(%rdx), %rdx
	leaq	(%rdx,%rax,8), %rdx
	cmpq	%rcx, (%rdx)
	jne	6f
	cmpq	%r11, 8(%rdx)
	jne	6f
	movq	16(%rdx), %rax
	/* The child the slot held moves to the slot's buddy, unless that
	 * one holds a child of its own slot (as cache_remember). */
	movq	(MS_N_CACHE + 8 * (\slot ^ 1))(%rcx), %rdx
	cmpq	$0, MS_N_ENTRIES(%rdx)
	je	16f
	movq	MS_N_DESC(%rdx), %rdx
	movl	MS_D_FLAGS(%rdx), %edx
	shrl	$MS_SLOT_SHIFT, %edx
	andl	$(MS_SLOTS - 1), %edx
	cmpl	$(\slot ^ 1), %edx
	je	17f
16:	movq	(MS_N_CACHE + 8 * \slot)(%rcx), %rdx
	movq	%rdx, (MS_N_CACHE + 8 * (\slot ^ 1))(%rcx)
17:	movq	%rax, (MS_N_CACHE + 8 * \slot)(%rcx)
15:
.endm

/* The parent's (top, %r10) child for the descriptor in %r11: the context
 * in cache slot SLOT (%rax) when it has the same site and is not a child
 * of the parent (a recursion folded onto the parent or an ancestor:
 * hotpath.c, cache_remember), or the child in the buddy of the slot
 * (slot ^ 1), into %rax; a hit jumps to the caller's previous label 1. */
.macro BUDDY slot
	PUSH	%rdx
	movq	MS_F_NODE(%r10), %rdx
	cmpq	%rdx, MS_N_PARENT(%rax)
	je	20f
	movq	MS_D_SITE(%r11), %rdx
	testq	%rdx, %rdx
	cmovzq	%r11, %rdx
	jz	21f
	/* The plugin's descriptors hold the distance to it (memscope-abi.h). */
	testl	$MS_SCOPE_RELATIVE, MS_D_FLAGS(%r11)
	jz	21f
	leaq	MS_D_SITE(%r11,%rdx), %rdx
21:	cmpq	%rdx, MS_N_SITE(%rax)
	jne	20f
	POP	%rdx
	jmp	1b
	.cfi_adjust_cfa_offset 8
20:	POP	%rdx
	movq	MS_F_NODE(%r10), %rax
	movq	(MS_N_CACHE + 8 * (\slot ^ 1))(%rax), %rax
	cmpq	%r11, MS_N_DESC(%rax)
	je	1b
.endm

/* At a failed limit test, %rax the thread's offset and %r10 its top frame:
 * on to C (9b) unless the thread is in checked mode (checked_limit), with
 * room for a frame and, for a function's entry (INHERIT 0), a stack
 * pointer under its stack's top; an entry below its bottom is a new lowest
 * one, checked there (5f). */
.macro CHECKED inherit
	cmpq	%fs:MS_T_CHECKED_LIMIT(%rax), %r10
	jae	9b
	.if \inherit == 0
	leaq	spoff(%rsp), %r10
	cmpq	%fs:MS_T_STACK_HI(%rax), %r10
	movq	%fs:MS_T_TOP(%rax), %r10
	jae	9b
	.endif
.endm

/* enter: SAVE 1 preserves %rax and %r10 itself.  INHERIT 1 (a block or an
 * inlined body, entered in the middle of its function) records the
 * enclosing frame's stack pointer rather than its own: every frame of one
 * function instance then carries the stack pointer at the function's entry,
 * which is what tells live frames from dead ones (hotpath.c).  SLOT: the
 * parent's cache slot of the site.  COUNTED 1: the site's fixed-size
 * variables (counted_bytes) are live from now on, and the frame is measured
 * (hotpath.h, MsFrame); it saves %rcx as well.
 *
 * A miss of the cache slot looks in its buddy (slot ^ 1, hotpath.c,
 * cache_remember), then in the thread's lookup table (hashed on
 * parent and descriptor, as hotpath.c's lookup_slot) before going to C. */
.macro ENTER name, save, inherit, slot, counted
ENTRY \name
	.if \save
	PUSH	%rax
	PUSH	%r10
	.endif
	.if \counted
	PUSH	%rcx
	.endif
	.set	spoff, 8 + 16 * \save + 8 * \counted
	movq	MS_THREAD_SYM@gottpoff(%rip), %rax
	movq	%fs:MS_T_TOP(%rax), %r10
	cmpq	%fs:MS_T_LIMIT(%rax), %r10
	jae	14f
13:	movq	MS_F_NODE(%r10), %rax
	movq	(MS_N_CACHE + 8 * \slot)(%rax), %rax
	cmpq	%r11, MS_N_DESC(%rax)
	jne	7f
1:	incq	MS_N_ENTRIES(%rax)
	movq	%rax, MS_FRAME_SIZE+MS_F_NODE(%r10)
	movq	%r11, MS_FRAME_SIZE+MS_F_KEY(%r10)
	.if \counted
	movq	%r11, %rcx
	.endif
	.if \inherit
	movq	MS_F_SP(%r10), %r11
	.else
	leaq	spoff(%rsp), %r11
	.endif
	movq	%r11, MS_FRAME_SIZE+MS_F_SP(%r10)
	.if \inherit == 0
	/* The context's lowest entry so far (issue: real stack depth). */
	cmpq	%r11, MS_N_SP_MIN(%rax)
	ja	5f
	.endif
3:	movq	MS_THREAD_SYM@gottpoff(%rip), %r11
	addq	$MS_FRAME_SIZE, %fs:MS_T_TOP(%r11)
	movq	%rax, MS_FRAME_SIZE+MS_F_NODE(%r10)
	.if \counted
	/* frame_add_counted, on the frame just published (a handler that
	 * runs in between sees an ordinary frame and leaves it consistent):
	 * its key again (%rcx, the descriptor entered: a folded recursion's
	 * node may be another instance's of the site, with other variables),
	 * then the descriptor's bytes live and a window of its own. */
	movq	%rcx, MS_FRAME_SIZE+MS_F_KEY(%r10)
	movq	%fs:MS_T_HWM(%r11), %rcx
	movq	%rcx, MS_FRAME_SIZE+MS_F_SAVED_HWM(%r10)
	movq	MS_FRAME_SIZE+MS_F_KEY(%r10), %rcx
	movq	MS_D_COUNTED(%rcx), %rcx
	addq	%fs:MS_T_LIVE(%r11), %rcx
	movq	%rcx, %fs:MS_T_LIVE(%r11)
	movq	%rcx, %fs:MS_T_HWM(%r11)
	cmpq	%fs:MS_T_PEAK_LIVE(%r11), %rcx
	ja	2f
	.endif
10:	.if \inherit
	movq	MS_F_SP(%r10), %r11
	.else
	leaq	spoff(%rsp), %r11
	.endif
	movq	%r11, MS_FRAME_SIZE+MS_F_SP(%r10)
8:	.cfi_remember_state
	.if \counted
	POP	%rcx
	.endif
	.if \save
	POP	%r10
	POP	%rax
	.endif
	ret
	.cfi_restore_state
	/* The slot missed: its buddy, then the lookup table. */
7:	BUDDY	\slot
	.if \counted == 0
	PUSH	%rcx
	.endif
	PUSH	%rdx
	LOOKUP	\slot
	POP	%rdx
	.if \counted == 0
	POP	%rcx
	.endif
	jmp	1b
6:	POP	%rdx
	.if \counted == 0
	POP	%rcx
	.endif
9:	CALL_C	ms_tramp_enter_c, spoff
	jmp	8b
	/* Past the limit: C, unless the thread only checks entries against
	 * its stack's top (hotpath.c, thread_limit_set) and this one is on
	 * it (a block's is where its function's was). */
14:	CHECKED	\inherit
	jmp	13b
	.if \counted
	/* The thread's most ever. */
2:	movq	%rcx, %fs:MS_T_PEAK_LIVE(%r11)
	movq	%rax, %fs:MS_T_PEAK_NODE(%r11)
	jmp	10b
	.endif
	.if \inherit == 0
	/* A new lowest entry: kept when it is on the thread's own stack
	 * (not an alternate signal stack, not a coroutine's), counted
	 * apart otherwise (hotpath.c, node_note_sp). */
5:	PUSH	%rcx
	movq	MS_THREAD_SYM@gottpoff(%rip), %rcx
	cmpq	%fs:MS_T_STACK_LO(%rcx), %r11
	jb	4f
	cmpq	%fs:MS_T_STACK_HI(%rcx), %r11
	jae	4f
	movq	%r11, MS_N_SP_MIN(%rax)
	/* Entered from an instance of itself (the frame below is the
	 * caller's, top not yet moved): one instance's frame, as
	 * node_note_sp keeps it. */
	cmpq	%rax, MS_F_NODE(%r10)
	jne	12f
	movq	MS_F_SP(%r10), %rcx
	subq	%r11, %rcx
	jbe	12f
	cmpq	%rcx, MS_N_SP_SELF(%rax)
	jae	12f
	movq	%rcx, MS_N_SP_SELF(%rax)
12:	POP	%rcx
	jmp	3b
	.cfi_adjust_cfa_offset 8
4:	incq	%fs:MS_T_OFF_STACK(%rcx)
	POP	%rcx
	jmp	3b
	.endif
END \name
.endm

/* count: an entry into a scope that is only counted (the plugin's [3b]):
 * the context is found as enter finds it and counted, no frame is pushed.
 * FN 1: a function's, whose entry stack pointer goes to the context's
 * lowest entry as an enter's does.  SAVE 1 preserves %rax and %r10.  Every
 * other case goes to C, which enters and exits at once. */
.macro COUNT name, save, fn, slot
ENTRY \name
	.if \save
	PUSH	%rax
	PUSH	%r10
	.endif
	.set	spoff, 8 + 16 * \save
	movq	MS_THREAD_SYM@gottpoff(%rip), %rax
	movq	%fs:MS_T_TOP(%rax), %r10
	cmpq	%fs:MS_T_LIMIT(%rax), %r10
	jae	14f
13:	movq	MS_F_NODE(%r10), %rax
	movq	(MS_N_CACHE + 8 * \slot)(%rax), %rax
	cmpq	%r11, MS_N_DESC(%rax)
	jne	7f
1:	incq	MS_N_ENTRIES(%rax)
	.if \fn
	leaq	spoff(%rsp), %r11
	cmpq	%r11, MS_N_SP_MIN(%rax)
	ja	5f
	.endif
8:	.cfi_remember_state
	.if \save
	POP	%r10
	POP	%rax
	.endif
	ret
	.cfi_restore_state
	/* The slot missed: its buddy, then the lookup table, as enter's. */
7:	BUDDY	\slot
	PUSH	%rcx
	PUSH	%rdx
	LOOKUP	\slot
	POP	%rdx
	POP	%rcx
	jmp	1b
6:	POP	%rdx
	POP	%rcx
9:	CALL_C	ms_tramp_count_c, spoff
	jmp	8b
14:	CHECKED	(1 - \fn)
	jmp	13b
	.if \fn
	/* A new lowest entry: kept when it is on the thread's own stack, as
	 * enter's. */
5:	PUSH	%rcx
	movq	MS_THREAD_SYM@gottpoff(%rip), %rcx
	cmpq	%fs:MS_T_STACK_LO(%rcx), %r11
	jb	4f
	cmpq	%fs:MS_T_STACK_HI(%rcx), %r11
	jae	4f
	movq	%r11, MS_N_SP_MIN(%rax)
	POP	%rcx
	jmp	8b
	.cfi_adjust_cfa_offset 8
4:	incq	%fs:MS_T_OFF_STACK(%rcx)
	POP	%rcx
	jmp	8b
	.endif
END \name
.endm

/* exit: SAVE 1 preserves %r10 itself. */
.macro EXIT name, save
ENTRY \name
	.if \save
	PUSH	%r10
	.endif
	movq	MS_THREAD_SYM@gottpoff(%rip), %r10
	movq	%fs:MS_T_TOP(%r10), %r10
	cmpq	%r11, MS_F_KEY(%r10)
	jne	9f
	movq	MS_THREAD_SYM@gottpoff(%rip), %r11
	subq	$MS_FRAME_SIZE, %fs:MS_T_TOP(%r11)
	.cfi_remember_state
	.if \save
	POP	%r10
	.endif
	ret
	.cfi_restore_state
9:	CALL_C	ms_tramp_exit_c, (8 + 8 * \save)
	.if \save
	POP	%r10
	.endif
	ret
END \name
.endm

/* exit of a scope with counted_bytes: the frame was measured (see
 * hotpath.h, MsFrame), so its peak goes to its context and to the one it
 * was entered from, the enclosing window gets the thread's most back, and
 * its bytes are released.  hwm is never below live.  SAVE 1 preserves %r10
 * itself. */
.macro EXITV name, save
ENTRY \name
	.if \save
	PUSH	%r10
	.endif
	PUSH	%rax
	PUSH	%rcx
	movq	MS_THREAD_SYM@gottpoff(%rip), %rax
	movq	%fs:MS_T_TOP(%rax), %r10
	cmpq	%r11, MS_F_KEY(%r10)
	jne	9f
	movq	%fs:MS_T_HWM(%rax), %rcx
	subq	%fs:MS_T_LIVE(%rax), %rcx
	addq	MS_D_COUNTED(%r11), %rcx
	movq	MS_F_NODE(%r10), %r11
	cmpq	%rcx, MS_N_PEAK(%r11)
	jae	1f
	movq	%rcx, MS_N_PEAK(%r11)
1:	movq	MS_F_NODE-MS_FRAME_SIZE(%r10), %r11
	cmpq	%rcx, MS_N_SUB_PEAK(%r11)
	jae	2f
	movq	%rcx, MS_N_SUB_PEAK(%r11)
2:	movq	MS_F_SAVED_HWM(%r10), %rcx
	cmpq	%fs:MS_T_HWM(%rax), %rcx
	jbe	3f
	movq	%rcx, %fs:MS_T_HWM(%rax)
3:	movq	MS_F_KEY(%r10), %r11
	movq	MS_D_COUNTED(%r11), %rcx
	subq	%rcx, %fs:MS_T_LIVE(%rax)
	subq	$MS_FRAME_SIZE, %fs:MS_T_TOP(%rax)
8:	.cfi_remember_state
	POP	%rcx
	POP	%rax
	.if \save
	POP	%r10
	.endif
	ret
	.cfi_restore_state
9:	CALL_C	ms_tramp_exit_c, (24 + 8 * \save)
	jmp	8b
END \name
.endm

/* Every kind, for each of the thirty-two cache slots: _x clobbers %rax and
 * %r10, _m is the middle of a function, _v a site with counted variables. */
.irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ENTER	__memscope_tramp_enter_\slot, 1, 0, \slot, 0
	ENTER	__memscope_tramp_enter_x_\slot, 0, 0, \slot, 0
	ENTER	__memscope_tramp_enter_m_\slot, 1, 1, \slot, 0
	ENTER	__memscope_tramp_enter_mx_\slot, 0, 1, \slot, 0
	ENTER	__memscope_tramp_enter_v_\slot, 1, 0, \slot, 1
	ENTER	__memscope_tramp_enter_vx_\slot, 0, 0, \slot, 1
	ENTER	__memscope_tramp_enter_vm_\slot, 1, 1, \slot, 1
	ENTER	__memscope_tramp_enter_vmx_\slot, 0, 1, \slot, 1
	COUNT	__memscope_tramp_count_\slot, 1, 1, \slot
	COUNT	__memscope_tramp_count_x_\slot, 0, 1, \slot
	COUNT	__memscope_tramp_count_m_\slot, 1, 0, \slot
	COUNT	__memscope_tramp_count_mx_\slot, 0, 0, \slot
.endr
	EXIT	__memscope_tramp_exit, 1
	EXIT	__memscope_tramp_exit_x, 0
	EXITV	__memscope_tramp_exit_v, 1
	EXITV	__memscope_tramp_exit_vx, 0

/* After a returns-twice call: nothing to do in the common case, its first
 * return, where the top frame is the scope's own instance (its key, with
 * or without MS_FRAME_REGISTERED, at or above the caller's stack pointer),
 * with no enter dropped and no node allocation pending.  C takes the rest
 * (resync_at). */
ENTRY __memscope_tramp_resync
	PUSH	%rax
	PUSH	%rcx
	movq	MS_THREAD_SYM@gottpoff(%rip), %rax
	cmpq	$0, %fs:MS_T_ALLOCATING(%rax)
	jne	9f
	movq	%fs:MS_T_TOP(%rax), %rax
	movq	MS_F_KEY(%rax), %rcx
	andq	$-2, %rcx               /* MS_FRAME_REGISTERED */
	cmpq	%r11, %rcx
	jne	9f
	leaq	24(%rsp), %rcx          /* the caller's stack pointer */
	cmpq	%rcx, MS_F_SP(%rax)
	jb	9f
	.cfi_remember_state
	POP	%rcx
	POP	%rax
	ret
	.cfi_restore_state
9:	POP	%rcx
	POP	%rax
	CALL_C	ms_tramp_resync_c, 8
	ret
END __memscope_tramp_resync

/* The caller pushed the size, then the address: 8(%rsp) and 16(%rsp) on
 * arrival, 80 and 88 above %rbx in CALL_C. */
ENTRY __memscope_tramp_dyn
	CALL_C	ms_tramp_dyn_c, 24, "movq 80(%rbx), %rdx; movq 88(%rbx), %rcx"
	ret
END __memscope_tramp_dyn

/* The caller pushed the block: 8(%rsp) on arrival.  The common case here,
 * as heap.c's ms_heap_owner_note makes it: this library's
 * __memscope_heap_owner, heap tracking on, a block of ours (16-byte
 * aligned, not at a page's start, its header's tag), which gets the
 * variable (%r11) as its owner; then the variable's statistics in the top
 * frame's context, when its site declares it, count the block.  A thread
 * not set up yet, or whose frames overflowed, counts nothing, as in C.
 * Anything else goes to C before anything is counted: a page's start
 * (mincore), a variable of a lower frame, another library's
 * __memscope_heap_owner. */
ENTRY __memscope_tramp_owner
	PUSH	%rax
	PUSH	%rcx
	PUSH	%rdx
	movq	__memscope_heap_owner@GOTPCREL(%rip), %rax
	leaq	ms_heap_owner_own(%rip), %rcx
	cmpq	%rax, %rcx
	jne	9f
	testq	%r11, %r11
	je	8f
	cmpl	$0, ms_heap_enabled(%rip)
	je	8f
	movq	32(%rsp), %rax          /* the block */
	testq	$15, %rax
	jne	8f
	cmpq	$4096, %rax
	jb	8f
	movq	%rax, %rcx
	shrq	$56, %rcx
	jne	8f
	testq	$4095, %rax
	je	9f
	movq	-8(%rax), %rcx
	xorq	%rax, %rcx
	cmpq	ms_cookie(%rip), %rcx
	jne	8f
	movq	-16(%rax), %rax         /* its slot */
	movq	%r11, MS_S_OWNER(%rax)
	movq	MS_THREAD_SYM@gottpoff(%rip), %rdx
	cmpq	$0, %fs:MS_T_LIMIT(%rdx)
	je	8f
	cmpq	$0, %fs:MS_T_OVERFLOW(%rdx)
	jne	8f
	movq	%fs:MS_T_TOP(%rdx), %rdx
	movq	MS_F_NODE(%rdx), %rdx
	movq	%r11, %rcx
	subq	MS_N_VAR_BASE(%rdx), %rcx
	cmpq	MS_N_VARS_BYTES(%rdx), %rcx
	jae	9f
	leaq	MS_N_VARS(%rdx,%rcx), %rdx      /* its MsVarStat */
	incq	MS_V_HEAP_BLOCKS(%rdx)
	movq	MS_S_SIZE_FLAGS(%rax), %rax
	shlq	$16, %rax                       /* MS_SIZE_MASK */
	shrq	$16, %rax
	addq	%rax, MS_V_HEAP_BYTES(%rdx)
8:	.cfi_remember_state
	POP	%rdx
	POP	%rcx
	POP	%rax
	ret
	.cfi_restore_state
9:	POP	%rdx
	POP	%rcx
	POP	%rax
	CALL_C	ms_tramp_owner_c, 16, "movq 80(%rbx), %rdx"
	ret
END __memscope_tramp_owner

/* guintptr ms_vcall (fn, a, b, c): fn (a, b, c) with the whole extended
 * state (x87, SSE, AVX...) saved around it, for code reached from a
 * trampoline that may touch the vector registers. */
	.globl	ms_vcall
	.hidden	ms_vcall
ENTRY ms_vcall
	PUSH	%rbp
	.cfi_offset %rbp, -16
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	.cfi_offset %rbx, -24
	.cfi_offset %r12, -32
	.cfi_offset %r13, -40
	.cfi_offset %r14, -48
	movq	%rdi, %rbx
	movq	%rsi, %r12
	movq	%rdx, %r13
	movq	%rcx, %r14
	cmpq	$0, ms_xsave_bytes(%rip)
	jne	1f
	call	ms_vcall_setup
1:	subq	ms_xsave_bytes(%rip), %rsp
	andq	$-64, %rsp
	xorl	%eax, %eax
	movq	%rax, 512(%rsp)		/* the XSAVE header must start zeroed */
	movq	%rax, 520(%rsp)
	movq	%rax, 528(%rsp)
	movq	%rax, 536(%rsp)
	movq	%rax, 544(%rsp)
	movq	%rax, 552(%rsp)
	movq	%rax, 560(%rsp)
	movq	%rax, 568(%rsp)
	movl	$-1, %eax
	movl	$-1, %edx
	cmpb	$1, ms_have_xsave(%rip)
	jb	2f
	je	6f
	xsavec	(%rsp)
	jmp	3f
6:	xsave	(%rsp)
	jmp	3f
2:	fxsave	(%rsp)
3:	movq	%r12, %rdi
	movq	%r13, %rsi
	movq	%r14, %rdx
	call	*%rbx
	movq	%rax, %r12
	movl	$-1, %eax
	movl	$-1, %edx
	cmpb	$0, ms_have_xsave(%rip)
	je	4f
	xrstor	(%rsp)
	jmp	5f
4:	fxrstor	(%rsp)
5:	movq	%r12, %rax
	leaq	-32(%rbp), %rsp
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	.cfi_def_cfa %rsp, 8
	ret
END ms_vcall

	.section .note.GNU-stack, "", @progbits

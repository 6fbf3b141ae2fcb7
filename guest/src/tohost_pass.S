/*
 * tohost_pass: a minimal program in the style of the riscv-tests ISA suite.
 * Test 2 installs a machine trap handler, executes ecall, and the handler
 * checks mcause == 11 (environment call from M-mode), steps mepc past the
 * ecall and returns with mret. Every test passes, so it writes 1 to tohost
 * (pass) and spins.
 */
#define TESTNUM gp

	.file "tohost_pass.S"		/* names the symbol table's FILE entry (else a random temp name) */

	.section .text.init, "ax", @progbits
	.option norelax
	.globl _start
_start:
	la	t0, trap_handler
	csrw	mtvec, t0
	li	s1, 0			/* set to 1 by the trap handler */

	li	TESTNUM, 2		/* test 2: ecall traps and returns */
	ecall
	li	t0, 1
	bne	s1, t0, fail

	li	TESTNUM, 3		/* test 3: 20 + 22 == 42 */
	li	t0, 20
	addi	t0, t0, 22
	li	t1, 42
	bne	t0, t1, fail

pass:
	fence
	li	a0, 1			/* tohost = 1: pass */
	la	t0, tohost
	sd	a0, 0(t0)
1:	j	1b

fail:
	fence
	slli	a0, TESTNUM, 1		/* tohost = (TESTNUM << 1) | 1: test TESTNUM failed */
	ori	a0, a0, 1
	la	t0, tohost
	sd	a0, 0(t0)
1:	j	1b

	.balign 4			/* mtvec direct mode: 4-byte aligned base */
trap_handler:
	csrr	t0, mcause
	li	t1, 11			/* environment call from M-mode */
	bne	t0, t1, fail
	csrr	t0, mepc
	addi	t0, t0, 4		/* skip the (32-bit) ecall */
	csrw	mepc, t0
	li	s1, 1
	mret

	/* QEMU's HTIF (-M spike) wants both symbols to be 8-byte objects. */
	.section .tohost, "aw", @progbits
	.balign 64
	.globl tohost
	.type tohost, @object
	.size tohost, 8
tohost:	.dword 0
	.balign 64
	.globl fromhost
	.type fromhost, @object
	.size fromhost, 8
fromhost: .dword 0

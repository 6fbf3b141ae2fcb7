/*
 * tohost_fail: the same as tohost_pass except that test 3 expects a wrong
 * sum (20 + 22 == 43) and fails, so it writes (3 << 1) | 1 = 7 to tohost
 * ("test 3 failed") and spins. Test 2 (ecall into a machine trap handler
 * that checks mcause == 11, advances mepc by 4 and mrets) still passes.
 */
#define TESTNUM gp

	.file "tohost_fail.S"		/* names the symbol table's FILE entry (else a random temp name) */

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

	li	TESTNUM, 3		/* test 3: 20 + 22 == 43 (wrong on purpose) */
	li	t0, 20
	addi	t0, t0, 22
	li	t1, 43
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

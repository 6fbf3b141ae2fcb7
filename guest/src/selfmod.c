/*
 * selfmod: self-modifying code. Writes "addi a0, a0, K; ret" into a RAM
 * buffer, executes fence.i, calls it through a function pointer; then
 * rewrites K, fence.i, and calls it again. Exits 0 if both results are right.
 */
#include <stdint.h>
#include <stdio.h>

#define RET 0x00008067u  /* jalr x0, 0(ra) */

/* The generated code lives here (RAM, .bss); 4-byte aligned like any 32-bit instruction. */
uint32_t jit_code[2] __attribute__((aligned(16)));

/* addi a0, a0, imm (I-type: imm[11:0] | rs1=a0 | funct3=0 | rd=a0 | OP-IMM) */
static uint32_t
addi_a0(int imm)
{
	return ((uint32_t) imm & 0xfffu) << 20 | 10u << 15 | 10u << 7 | 0x13u;
}

__attribute__((noipa)) void
emit(int imm)
{
	volatile uint32_t *code = jit_code;

	code[0] = addi_a0(imm);
	code[1] = RET;
	__asm__ volatile(
		".option push\n\t"
		".option arch, +zifencei\n\t"
		"fence.i\n\t"
		".option pop" ::: "memory");
}

__attribute__((noipa)) long
run(long x)
{
	long (*fn)(long) = (long (*)(long)) (uintptr_t) jit_code;
	long r;

	__asm__("" : "+r"(fn));  /* hide the target: an indirect call (jalr), not jal */
	r = fn(x);

	__asm__ volatile("" ::: "memory");  /* a real call (jalr), not a tail jump */
	return r;
}

int
main(void)
{
	long r1, r2;

	emit(42);
	r1 = run(100);
	printf("addi a0, a0, 42: f(100) = %ld\n", r1);

	emit(-7);
	r2 = run(100);
	printf("addi a0, a0, -7: f(100) = %ld\n", r2);

	return (r1 == 142 && r2 == 93) ? 0 : 1;
}

/*
 * fgraph_hart.h - start and stop the fgraph emulator's extra harts from a
 * bare-metal (picolibc, semihosting) RV64 guest. Header only.
 *
 * The hart-start convention
 * -------------------------
 * Hart 0 starts at the ELF entry point; every other hart starts parked. A
 * guest starts, stops and inspects harts with four fgraph vendor extensions
 * to RISC-V semihosting. They are called exactly like standard semihosting
 * operations:
 *
 *     a0 = operation number
 *     a1 = address of a parameter block of 64-bit words (may be 0 when the
 *          operation takes no parameters)
 *     slli x0, x0, 0x1f     \
 *     ebreak                 > uncompressed 32-bit instructions, all three
 *     srai x0, x0, 7        /  in the same 4 KiB page (aligned to 16 here)
 *     result in a0
 *
 *   0x100 FGRAPH_HART_START   block {hartid, start_pc, opaque, stack_top}
 *         Returns 0, or -1 if hartid is invalid or that hart is already
 *         running. The started hart begins at start_pc with a0 = hartid,
 *         a1 = opaque, sp = stack_top, gp and tp copied from the calling
 *         hart, every other register 0 (so ra = 0 and s0 = 0: the frame
 *         chain ends there).
 *   0x101 FGRAPH_HART_STOP    block {} (a1 may be 0)
 *         The calling hart parks. Does not return.
 *   0x102 FGRAPH_HART_STATUS  block {hartid}
 *         Returns 0 running, 1 parked, -1 invalid hartid.
 *   0x103 FGRAPH_HART_COUNT   block {} (a1 may be 0)
 *         Returns the number of harts (hart ids are 0 .. count-1).
 *
 * Other platforms
 * ---------------
 * Other semihosting hosts do not know these operations, and QEMU (7.2)
 * aborts on an unknown semihosting operation instead of returning -1. So
 * before issuing one, fgraph_hart_present() reads mvendorid, marchid and
 * mimpid: fgraph reports 0 in all three, QEMU reports its version in marchid
 * and mimpid. If any is non-zero the friendly functions below return -1
 * (count, start, status) without calling the host, and a program can fall
 * back to running on hart 0 alone. Define FGRAPH_HART_NO_PROBE to skip the
 * check and always issue the calls.
 *
 * The friendly API
 * ----------------
 * fgraph_hart_start(hartid, fn, arg, stack_top) starts hart `hartid` running
 * fn(hartid, arg) on the stack that ends at stack_top; when fn returns, the
 * hart calls fgraph_hart_stop(). It does so by storing a 16-byte boot record
 * {fn, arg} at the top of the new hart's stack and starting the hart at
 * fgraph_hart_entry with opaque = sp = the boot record's address. The caller
 * owns the stacks (for example static arrays, 16-byte aligned; 16 KiB per
 * hart is plenty for small programs). stack_top is rounded down to 16 bytes.
 *
 * The started hart shares gp and tp with the hart that started it, so it
 * also shares picolibc's thread-local data (errno, for one); a program that
 * needs separate TLS must set tp itself. fgraph_hart_join(hartid) polls
 * FGRAPH_HART_STATUS until the hart is parked (or invalid), pausing briefly
 * between polls; the number of polls depends on host timing.
 *
 * Needs a GCC-compatible compiler and an assembler that knows
 * ".option arch" (binutils 2.38 or later).
 */
#ifndef FGRAPH_HART_H
#define FGRAPH_HART_H

#include <stdint.h>

#define FGRAPH_HART_START   0x100
#define FGRAPH_HART_STOP    0x101
#define FGRAPH_HART_STATUS  0x102
#define FGRAPH_HART_COUNT   0x103

/* FGRAPH_HART_STATUS results */
#define FGRAPH_HART_RUNNING 0
#define FGRAPH_HART_PARKED  1
#define FGRAPH_HART_INVALID (-1)

/*
 * The raw semihosting call: a0 = op, a1 = parameter block, result in a0.
 * Always inlined so that the semihosting sequence sits inside the traced
 * API function that uses it.
 */
static inline __attribute__((always_inline)) long
fgraph_semihost(long op, const void *block)
{
	register long a0 __asm__("a0") = op;
	register const void *a1 __asm__("a1") = block;

	__asm__ volatile(
		".option push\n\t"
		".balign 16\n\t"           /* keep the 12 bytes inside one page */
		".option norvc\n\t"        /* the sequence must be 32-bit instructions */
		"slli x0, x0, 0x1f\n\t"
		"ebreak\n\t"
		"srai x0, x0, 7\n\t"
		".option pop"
		: "+r"(a0)
		: "r"(a1)
		: "memory");
	return a0;
}

/* 1 if the fgraph vendor operations may be issued (see "Other platforms"). */
static inline int
fgraph_hart_present(void)
{
#ifdef FGRAPH_HART_NO_PROBE
	return 1;
#else
	unsigned long vendor, arch, impl;

	__asm__ volatile(
		".option push\n\t"
		".option arch, +zicsr\n\t"
		"csrr %0, mvendorid\n\t"
		"csrr %1, marchid\n\t"
		"csrr %2, mimpid\n\t"
		".option pop"
		: "=r"(vendor), "=r"(arch), "=r"(impl));
	return (vendor | arch | impl) == 0;
#endif
}

/* Number of harts, or -1 if the platform has no fgraph hart operations. */
static inline int
fgraph_hart_count(void)
{
	if (!fgraph_hart_present())
		return -1;
	return (int) fgraph_semihost(FGRAPH_HART_COUNT, 0);
}

/* FGRAPH_HART_RUNNING, FGRAPH_HART_PARKED or FGRAPH_HART_INVALID. */
static inline int
fgraph_hart_status(unsigned long hartid)
{
	uint64_t block[1] = { hartid };

	if (!fgraph_hart_present())
		return FGRAPH_HART_INVALID;
	return (int) fgraph_semihost(FGRAPH_HART_STATUS, block);
}

/* Parks the calling hart; never returns. */
static inline __attribute__((noreturn)) void
fgraph_hart_stop(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);  /* publish this hart's writes */
	fgraph_semihost(FGRAPH_HART_STOP, 0);
	for (;;)
		__asm__ volatile("" ::: "memory");
}

/* What fgraph_hart_start leaves at the top of the new hart's stack. */
struct fgraph_hart_boot {
	void (*fn)(unsigned long hartid, void *arg);
	void *arg;
};

_Static_assert(sizeof(struct fgraph_hart_boot) % 16 == 0,
	       "the boot record must keep sp 16-byte aligned");

/*
 * Where a hart started by fgraph_hart_start begins: a0 = hartid, a1 = the
 * boot record (which is also sp). Calls fn(hartid, arg), then parks.
 */
static __attribute__((noreturn, unused)) void
fgraph_hart_entry(unsigned long hartid, void *opaque)
{
	const struct fgraph_hart_boot *boot = (const struct fgraph_hart_boot *) opaque;
	void (*fn)(unsigned long, void *) = boot->fn;
	void *arg = boot->arg;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);  /* see the starter's writes */
	fn(hartid, arg);
	fgraph_hart_stop();
}

/*
 * Starts hart `hartid` running fn(hartid, arg) on the stack ending at
 * stack_top; the hart parks when fn returns. Returns 0, or -1 if the hart
 * is invalid, already running, or the platform has no hart operations.
 */
static inline int
fgraph_hart_start(unsigned long hartid, void (*fn)(unsigned long hartid, void *arg),
		  void *arg, void *stack_top)
{
	uintptr_t top = (uintptr_t) stack_top & ~(uintptr_t) 15;
	struct fgraph_hart_boot *boot;
	uint64_t block[4];

	if (fn == 0 || top < sizeof *boot)
		return -1;
	/* Checked first: the boot record must not land on a running hart's stack. */
	if (fgraph_hart_status(hartid) != FGRAPH_HART_PARKED)
		return -1;
	boot = (struct fgraph_hart_boot *) (top - sizeof *boot);
	boot->fn = fn;
	boot->arg = arg;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	block[0] = hartid;
	block[1] = (uintptr_t) fgraph_hart_entry;
	block[2] = (uintptr_t) boot;   /* opaque */
	block[3] = (uintptr_t) boot;   /* stack_top */
	return (int) fgraph_semihost(FGRAPH_HART_START, block);
}

/* Waits until hart `hartid` is parked (or is not a valid hart). */
static inline void
fgraph_hart_join(unsigned long hartid)
{
	while (fgraph_hart_status(hartid) == FGRAPH_HART_RUNNING) {
		for (int i = 0; i < 64; i++)
			__asm__ volatile("nop");
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);  /* see the stopped hart's writes */
}

#endif /* FGRAPH_HART_H */

/*
 * coroutine: one task, three stacks. Two generators run on their own stacks
 * and are switched to and from by a small assembly context switch
 * (fgraph_swap); a third coroutine is started on its own stack and then
 * switched to and from with setjmp/longjmp. Each resumes exactly where it
 * was suspended, so calls in flight on a suspended stack stay open.
 *
 * Generator 0's stack is a static array; generator 1's is a local array of
 * main (inside main's own frame); the longjmp coroutine's is static.
 */
#include <setjmp.h>
#include <stdio.h>

#define TRACED __attribute__((noipa))

/* ra, sp, s0..s11: what a call must preserve. */
struct context {
	unsigned long regs[14];
};

void fgraph_swap(struct context *from, struct context *to);
void fgraph_generator_start(void);
void fgraph_start_on(void *stack_top, void (*fn)(void));

__asm__(
	"	.text\n"
	"	.globl fgraph_swap\n"
	"	.type fgraph_swap, @function\n"
	"fgraph_swap:\n"
	"	sd ra, 0(a0)\n"
	"	sd sp, 8(a0)\n"
	"	sd s0, 16(a0)\n"
	"	sd s1, 24(a0)\n"
	"	sd s2, 32(a0)\n"
	"	sd s3, 40(a0)\n"
	"	sd s4, 48(a0)\n"
	"	sd s5, 56(a0)\n"
	"	sd s6, 64(a0)\n"
	"	sd s7, 72(a0)\n"
	"	sd s8, 80(a0)\n"
	"	sd s9, 88(a0)\n"
	"	sd s10, 96(a0)\n"
	"	sd s11, 104(a0)\n"
	"	ld ra, 0(a1)\n"
	"	ld sp, 8(a1)\n"
	"	ld s0, 16(a1)\n"
	"	ld s1, 24(a1)\n"
	"	ld s2, 32(a1)\n"
	"	ld s3, 40(a1)\n"
	"	ld s4, 48(a1)\n"
	"	ld s5, 56(a1)\n"
	"	ld s6, 64(a1)\n"
	"	ld s7, 72(a1)\n"
	"	ld s8, 80(a1)\n"
	"	ld s9, 88(a1)\n"
	"	ld s10, 96(a1)\n"
	"	ld s11, 104(a1)\n"
	"	ret\n"
	"	.size fgraph_swap, .-fgraph_swap\n"
	/* First switch to a generator: s1 holds its number. */
	"	.globl fgraph_generator_start\n"
	"	.type fgraph_generator_start, @function\n"
	"fgraph_generator_start:\n"
	"	mv a0, s1\n"
	"	call generator\n"
	"1:	j 1b\n"
	"	.size fgraph_generator_start, .-fgraph_generator_start\n"
	/* Runs fn on a new stack; fn never returns. */
	"	.globl fgraph_start_on\n"
	"	.type fgraph_start_on, @function\n"
	"fgraph_start_on:\n"
	"	mv sp, a0\n"
	"	jr a1\n"
	"	.size fgraph_start_on, .-fgraph_start_on\n");

static struct context main_context;
static struct context generator_context[2];
static long yielded;
static int finished[2];
static unsigned long stack0[512] __attribute__((aligned(16)));

TRACED long
produce(int g, long i)
{
	return i * 10 + g;
}

TRACED void
yield(int g, long value)
{
	yielded = value;
	fgraph_swap(&generator_context[g], &main_context);
}

TRACED void
generator(int g)
{
	for (long i = 1; i <= 3; i++) {
		yield(g, produce(g, i));
	}
	finished[g] = 1;
	for (;;) {
		fgraph_swap(&generator_context[g], &main_context);
	}
}

TRACED long
next(int g)
{
	fgraph_swap(&main_context, &generator_context[g]);
	return yielded;
}

static void
prepare(int g, unsigned long *stack, unsigned long words)
{
	generator_context[g].regs[0] = (unsigned long) fgraph_generator_start;
	generator_context[g].regs[1] = (unsigned long) (stack + words);
	generator_context[g].regs[3] = (unsigned long) g; /* s1 */
}

/* The longjmp coroutine. */
static jmp_buf main_jump, task_jump;
static long task_value;
static unsigned long task_stack[512] __attribute__((aligned(16)));

TRACED long
task_step(long v)
{
	return v + 5;
}

TRACED void
task_body(void)
{
	for (;;) {
		task_value = task_step(task_value);
		if (setjmp(task_jump) == 0) {
			longjmp(main_jump, 1);
		}
	}
}

TRACED long
resume_task(int first)
{
	if (setjmp(main_jump) == 0) {
		if (first) {
			fgraph_start_on(task_stack + 512, task_body);
		}
		longjmp(task_jump, 1);
	}
	return task_value;
}

int
main(void)
{
	unsigned long stack1[512] __attribute__((aligned(16)));
	long sum = 0;

	prepare(0, stack0, 512);
	prepare(1, stack1, 512);
	for (int round = 0; round < 3; round++) {
		long a = next(0);
		long b = next(1);
		printf("round %d: %ld %ld\n", round, a, b);
		sum += a + b;
	}
	next(0);
	next(1);
	for (int round = 0; round < 3; round++) {
		printf("task: %ld\n", resume_task(round == 0));
	}
	printf("finished: %d %d, sum %ld\n", finished[0], finished[1], sum);
	return finished[0] && finished[1] && sum == 123 && task_value == 15 ? 0 : 1;
}

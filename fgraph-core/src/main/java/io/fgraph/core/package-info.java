/**
 * fgraph: many users share one function entry hook and one return-address hijack per call, with a
 * shadow return stack per task, as Linux's {@code kernel/trace/fgraph.c}.
 * <pre>
 *   FgraphOps x16 ----register----> Fgraph ----patches----> guest entry sites (EntrySite)
 *   (UserSlots: LRU index,            |                       NOPs -> trap into Java
 *    sequence per registration)       |                       or first instruction -> trap/c.ebreak
 *                                     |                          + out-of-line copy (TrampolinePage)
 *                                     v
 *                       ShadowStack per task (FrameLayout)
 *                       [RET FUNC SP TIME GEN][META][DATA..]
 *                                     |
 *            entry: callbacks in index order, ra := trampoline (once)
 *            return: pc, ra := RET; callbacks in reverse order; pop
 *            EntryContext, ReturnContext / DataBlock: what callbacks see
 * </pre>
 * Built-in users live in {@code io.fgraph.core.tracer}; the event pipeline in
 * {@code io.fgraph.core.trace}; offline analysis in {@code io.fgraph.core.analysis}.
 */
package io.fgraph.core;

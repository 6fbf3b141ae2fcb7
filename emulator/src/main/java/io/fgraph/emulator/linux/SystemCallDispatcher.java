package io.fgraph.emulator.linux;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.emulator.hook.ExceptionInterceptor;
import io.fgraph.emulator.task.Task;

/**
 * Takes every {@code ecall} from user mode: the system call number in a7, arguments in a0..a5, the
 * result in a0, and the pc past the {@code ecall} (Linux's riscv64 convention). An unknown call
 * returns ENOSYS and is reported once, with its number and name. With {@code --strace} every call
 * is printed with its arguments and result.
 */
final class SystemCallDispatcher implements ExceptionInterceptor {
    private static final int ECALL_LENGTH = 4;

    private final LinuxProcess process;
    private final SystemCallTable table;
    private final SystemCallContext[] contexts;

    SystemCallDispatcher(LinuxProcess process, SystemCallTable table) {
        this.process = process;
        this.table = table;
        this.contexts = new SystemCallContext[process.machine().hartCount()];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = new SystemCallContext();
        }
    }

    @Override
    public boolean onException(Hart hart, int cause, long value) {
        if (cause != TrapCause.ECALL_FROM_U) {
            return false;
        }
        synchronized (process.lock()) {
            Task task = process.scheduler().current(hart);
            SystemCallContext call = contexts[hart.id()];
            call.set(hart, task);
            dispatch(call);
        }
        return true;
    }

    private void dispatch(SystemCallContext call) {
        Hart hart = call.hart();
        SystemCallTable.Entry entry = table.get(call.number);
        Strace strace = process.strace();
        String prefix = strace == null ? null : process.stracePrefix(call.thread());
        String line = strace == null ? null : entry != null ? strace.call(entry.name(), entry.kinds(), call.args)
                : strace.call(SystemCallNames.name(call.number), new String[] {"x", "x", "x", "x", "x", "x"}, call.args);
        long result = entry == null ? unknown(call) : entry.handler().invoke(call);
        if (result == SystemCall.NO_RETURN) {
            if (strace != null) {
                strace.noReturn(prefix, line);
            }
            return;
        }
        if (result == SystemCall.RESTART) {
            if (strace != null) {
                strace.unfinished(prefix, line);
            }
            return; // the pc stays at the ecall: the call runs again when the thread is woken
        }
        hart.setPc(hart.pc() + ECALL_LENGTH);
        if (result == SystemCall.BLOCKED) {
            call.thread().blockedIn = entry.name();
            if (strace != null) {
                strace.unfinished(prefix, line);
            }
            return;
        }
        hart.setX(Hart.A0, result);
        if (strace != null) {
            strace.finished(prefix, line, result, entry != null && entry.hexResult());
        }
    }

    private long unknown(SystemCallContext call) {
        String name = SystemCallNames.name(call.number);
        process.warnOnce("syscall" + call.number, "system call " + call.number + " (" + name + ") is not implemented: "
                + "it returns ENOSYS");
        return -Errno.ENOSYS;
    }
}

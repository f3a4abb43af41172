package io.darktower.bench;

import java.util.Optional;

/**
 * The fields of one {@code /proc/<pid>/stat} line the benchmark needs. CPU times are in clock ticks;
 * {@code cutime}/{@code cstime} hold the CPU of children this process has waited for (exited PostgreSQL
 * backends end up in the postmaster's), so a process tree's CPU over an interval is the change in the sum of
 * all four over its live members.
 *
 * @param pid       process id
 * @param comm      executable name, at most 15 characters
 * @param state     R, S, D, Z (exited, not yet waited for), ...
 * @param ppid      parent process id
 * @param utime     user-mode ticks (field 14)
 * @param stime     kernel-mode ticks (field 15)
 * @param cutime    user-mode ticks of waited-for children (field 16)
 * @param cstime    kernel-mode ticks of waited-for children (field 17)
 * @param startTime ticks after boot the process started (field 22): tells a reused pid from the same process
 */
record ProcStat(long pid, String comm, char state, long ppid, long utime, long stime, long cutime, long cstime, long startTime) {

    /** Parses a stat line; the name sits in parentheses and may itself contain spaces and parentheses. */
    static Optional<ProcStat> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split(" +");
        // f[0] is field 3 (state): field n is f[n - 3]
        if (f.length < 20) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(
                Long.parseLong(line.substring(0, open).trim()),
                line.substring(open + 1, close),
                f[0].charAt(0),
                Long.parseLong(f[1]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]),
                Long.parseLong(f[19])));
    }

    /** Whether {@code now} (read later for the same pid) is still this process, and has not exited. */
    boolean stillRunningAs(ProcStat now) {
        return now != null && now.startTime == startTime && now.state != 'Z' && now.state != 'X';
    }

    /** Own CPU plus that of the children it has waited for. */
    long ticksWithReapedChildren() {
        return utime + stime + cutime + cstime;
    }

    long ownTicks() {
        return utime + stime;
    }
}

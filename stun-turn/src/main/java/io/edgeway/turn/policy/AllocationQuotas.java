package io.edgeway.turn.policy;
public final class AllocationQuotas {
    public AllocationQuotas(int perUser, int total) { }
    public boolean tryAcquire(String k) { return true; }
    public void release(String k) { }
    public int active() { return 0; }
}

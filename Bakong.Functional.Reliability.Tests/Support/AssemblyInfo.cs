// Timing matters here (100 ms cancellation, per-call timeouts, load): the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using System.Buffers;
using System.Collections.Concurrent;

namespace RsResumeProxy.Transport;

/// <summary>
/// The memory Kestrel receives into, in 64 KiB blocks instead of its own 4 KiB ones.
/// Kestrel's socket transport receives into one pool block at a time, so the block size is the
/// most one receive can take: with 4 KiB blocks a 1 GiB PATCH costs 262,144 receives (and as many
/// zero-byte readiness reads, and pipe segments handed to the intake one by one); with 64 KiB
/// blocks, 16,384. An idle keep-alive connection still holds no block: Kestrel waits for data
/// before it rents one (SocketTransportOptions.WaitForDataBeforeAllocatingBuffer, left on).
/// Blocks live on the pinned object heap, so a receive never pins per request, and free blocks are
/// kept up to <see cref="MaxRetainedBlocks"/>; beyond that a returned block is left to the GC.
/// </summary>
internal sealed class ReceiveBlockPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>4 MiB of free blocks: enough for a few connections receiving at full speed, each
    /// of which buffers at most Kestrel's MaxRequestBufferSize (1 MiB) ahead of the intake.</summary>
    public const int MaxRetainedBlocks = 64;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Rented = true;
            return block;
        }
        return new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxRetainedBlocks)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _free.Clear();
    }

    private sealed class Block(ReceiveBlockPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public bool Rented { get; set; } = true;

        public Memory<byte> Memory => array;

        /// <summary>Returns the block once; a second dispose of the same rental does nothing.</summary>
        public void Dispose()
        {
            if (Rented)
            {
                Rented = false;
                pool.Return(this);
            }
        }
    }
}

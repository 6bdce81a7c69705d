using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace RsResumeProxy.Transport;

/// <summary>Gives Kestrel's transports a <see cref="ReceiveBlockPool"/> in place of its 4 KiB block pool.</summary>
internal sealed class ReceiveBlockPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new ReceiveBlockPool();
}

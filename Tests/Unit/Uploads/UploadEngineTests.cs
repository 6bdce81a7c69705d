using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RsResumeProxy.Backend;
using RsResumeProxy.Hosting;
using RsResumeProxy.Staging.Identity;
using RsResumeProxy.Staging.State;
using RsResumeProxy.Uploads;

namespace RsResumeProxy.Tests.Uploads;

/// <summary>
/// The upload engine without HTTP: commands in, outcomes out, over the real disk staging and state
/// stores, with the backend's PUT caught by an in-memory handler.
/// </summary>
public sealed class UploadEngineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rsrp-engine-").FullName;
    private readonly ServiceProvider _services;
    private readonly UploadEngine _engine;
    private readonly CapturingBackend _backend = new();
    private readonly UploadTarget _target;

    public UploadEngineTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ResumableUploads:StagingDirectory"] = Path.Combine(_directory, "staging"),
            ["ResumableUploads:StateDirectory"] = Path.Combine(_directory, "state"),
            ["ResumableUploads:MaxUploadSize"] = "0",
            ["ResumableUploads:DiskReserveBytes"] = "0",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddMetrics().AddResumableUploads(configuration)
            .AddSingleton<BackendCommitter>().BuildServiceProvider();
        _engine = _services.GetRequiredService<UploadEngine>();
        var credential = _services.GetRequiredService<CredentialHasher>().Hash("Bearer t");
        _target = new UploadTarget("/storage/u/doc.bin", "Bearer t", credential, UploadId.ForDocument("/storage/u/doc.bin", credential),
            IsPart: false, new BackendTarget("http://backend.invalid/", new HttpMessageInvoker(_backend)));
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Create_WithTheWholeBody_CommitsOnceAndReportsTheBackendsAnswer()
    {
        var outcome = await _engine.CreateAsync(new CreateUpload(_target) { Length = 5, Body = Body([1, 2, 3, 4, 5]) }, default);

        Assert.Equal(UploadOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(201, outcome.Commit!.StatusCode);
        Assert.Equal(5, outcome.Offset);
        Assert.Equal([1, 2, 3, 4, 5], Assert.Single(_backend.Bodies));
    }

    [Fact]
    public async Task Create_CompleteAtEndOfBody_TakesTheLengthFromTheBody()
    {
        var outcome = await _engine.CreateAsync(new CreateUpload(_target) { CompleteAtEndOfBody = true, Body = Body([7, 7, 7]) }, default);

        Assert.Equal(UploadOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(3, outcome.State!.Length);
        Assert.Equal([7, 7, 7], Assert.Single(_backend.Bodies));
    }

    [Fact]
    public async Task Append_AtAStaleOffset_IsRefusedAndStagesNothing()
    {
        await _engine.CreateAsync(new CreateUpload(_target) { Length = 10, Body = Body([1, 2, 3]) }, default);

        var outcome = await _engine.AppendAsync(new AppendToUpload(_target, 2) { Body = Body([9, 9]) }, default);

        Assert.Equal(RefusalReason.OffsetMismatch, outcome.Refusal!.Reason);
        Assert.Equal(3, outcome.Refusal.Offset);
        Assert.Equal(3, (await _engine.GetOffsetAsync(_target, default)).Offset);
    }

    [Fact]
    public async Task ACompleteUploadTheBackendRefused_HoldsBackItsLastByte_AndTheRetryCommits()
    {
        _backend.NextStatus = HttpStatusCode.PreconditionFailed;
        var refused = await _engine.CreateAsync(new CreateUpload(_target) { Length = 4, Body = Body([1, 2, 3, 4]) }, default);
        Assert.Equal(412, refused.Commit!.StatusCode);
        Assert.False(refused.IsCommitted);

        var offset = await _engine.GetOffsetAsync(_target, default);
        Assert.Equal(3, offset.Offset);

        var retried = await _engine.AppendAsync(new AppendToUpload(_target, 3) { Body = Body([4]) }, default);
        Assert.Equal(UploadOutcomeKind.Completed, retried.Kind);
        Assert.True(retried.IsCommitted);
        Assert.Equal([1, 2, 3, 4], _backend.Bodies[^1]);
    }

    [Fact]
    public async Task ARepeatedCompletingAppend_ReplaysTheOutcome_WithoutASecondPut()
    {
        await _engine.CreateAsync(new CreateUpload(_target) { Length = 2, Body = Body([1]) }, default);
        await _engine.AppendAsync(new AppendToUpload(_target, 1) { Body = Body([2]) }, default);

        var again = await _engine.AppendAsync(new AppendToUpload(_target, 1) { Body = Body([2]) }, default);

        Assert.Equal(UploadOutcomeKind.Replayed, again.Kind);
        Assert.Single(_backend.Bodies);
    }

    /// <summary>
    /// Any way of cutting a document into appends, with any of them cut off mid-body (a dropped
    /// connection), ends in one commit of exactly the document, resumed each time from the offset
    /// the engine reports.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool AnyChunking_WithCutOffs_CommitsExactlyTheDocument(PositiveInt size, NonEmptyArray<PositiveInt> chunks, bool[] cuts)
    {
        using var test = new UploadEngineTests();
        return test.UploadInPiecesAsync(size.Get % 300_000 + 1, chunks.Get.Select(c => c.Get).ToArray(), cuts).GetAwaiter().GetResult();
    }

    private async Task<bool> UploadInPiecesAsync(int size, int[] chunks, bool[] cuts)
    {
        var document = new byte[size];
        new Random(size).NextBytes(document);
        var first = await _engine.CreateAsync(new CreateUpload(_target) { Length = size }, default);
        if (first.Kind != UploadOutcomeKind.Created)
        {
            return false;
        }
        for (var i = 0; ; i++)
        {
            var offset = (await _engine.GetOffsetAsync(_target, default)).Offset;
            var length = (int)Math.Min(chunks[i % chunks.Length] * 997L % (size + 1) + 1, size - offset);
            var cutAfter = i < cuts.Length && cuts[i] ? length / 2 : -1;
            var outcome = await _engine.AppendAsync(new AppendToUpload(_target, offset)
            {
                Body = new UploadBody
                {
                    Content = new CutOffStream(document.AsMemory((int)offset, length), cutAfter),
                    DeclaredLength = length,
                    MayHaveBytes = length > 0,
                },
            }, default);
            if (outcome.Kind == UploadOutcomeKind.Completed)
            {
                return _backend.Bodies.Count == 1 && _backend.Bodies[0].AsSpan().SequenceEqual(document);
            }
            if (i > 10_000)
            {
                return false;
            }
        }
    }

    private static UploadBody Body(byte[] bytes) =>
        new() { Content = new MemoryStream(bytes), DeclaredLength = bytes.Length, MayHaveBytes = bytes.Length > 0 };

    /// <summary>A body whose connection fails after <c>cutAfter</c> bytes (never, when negative).</summary>
    private sealed class CutOffStream(ReadOnlyMemory<byte> bytes, int cutAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (cutAfter >= 0 && _position >= cutAfter)
            {
                throw new IOException("The connection was reset.");
            }
            var end = cutAfter >= 0 ? cutAfter : bytes.Length;
            var take = Math.Min(buffer.Length, end - _position);
            bytes.Span.Slice(_position, take).CopyTo(buffer);
            _position += take;
            return take;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The backend: answers the commit PUT with <see cref="NextStatus"/> (once) or 201,
    /// and keeps every body it received. A PUT conditional on an ETag it never gave out (the
    /// write-access probe's) gets 412 and stores nothing, as an RS server does.</summary>
    private sealed class CapturingBackend : HttpMessageHandler
    {
        public List<byte[]> Bodies { get; } = [];

        public HttpStatusCode? NextStatus { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.IfMatch.Count > 0)
            {
                return new HttpResponseMessage(HttpStatusCode.PreconditionFailed) { Content = new ByteArrayContent([]) };
            }
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var status = NextStatus ?? HttpStatusCode.Created;
            NextStatus = null;
            if (status == HttpStatusCode.Created)
            {
                Bodies.Add(body);
            }
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
            response.Headers.TryAddWithoutValidation("ETag", "\"e1\"");
            return response;
        }
    }
}

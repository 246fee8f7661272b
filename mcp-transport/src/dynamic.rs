//! Object-safe forms of the transport traits, for roles that hold `Box<dyn …>`.
//!
//! [`MessageSink`], [`MessageStream`] and [`Transport`] return `impl Future`, which keeps
//! static dispatch free of allocation but is not object safe. [`DynMessageSink`],
//! [`DynMessageStream`] and [`DynTransport`] are their boxed-future twins, implemented for
//! every transport by blanket impls; the boxes ([`BoxMessageSink`], [`BoxMessageStream`],
//! [`BoxTransport`]) implement the static traits again, so code generic over `T: Transport`
//! accepts a boxed transport too. Use [`Transport::boxed`] to erase a transport's type.

use std::future::Future;
use std::pin::Pin;

use mcp_jsonrpc::Message;

use crate::error::TransportError;
use crate::transport::{MessageSink, MessageStream, Transport};

/// A boxed, `Send` future borrowed for `'a`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A type-erased sending half.
pub type BoxMessageSink = Box<dyn DynMessageSink>;
/// A type-erased receiving half.
pub type BoxMessageStream = Box<dyn DynMessageStream>;
/// A type-erased transport.
pub type BoxTransport = Box<dyn DynTransport>;

/// Object-safe [`MessageSink`]; implemented for every `MessageSink`.
pub trait DynMessageSink: Send + 'static {
    /// [`MessageSink::send`], boxed.
    fn send_boxed(&mut self, message: Message) -> BoxFuture<'_, Result<(), TransportError>>;
    /// [`MessageSink::close`], boxed.
    fn close_boxed(&mut self) -> BoxFuture<'_, Result<(), TransportError>>;
}

/// Object-safe [`MessageStream`]; implemented for every `MessageStream`.
pub trait DynMessageStream: Send + 'static {
    /// [`MessageStream::recv`], boxed.
    fn recv_boxed(&mut self) -> BoxFuture<'_, Option<Result<Message, TransportError>>>;
}

/// Object-safe [`Transport`]; implemented for every `Transport`.
pub trait DynTransport: DynMessageSink + DynMessageStream {
    /// [`Transport::split`] into boxed halves.
    fn split_boxed(self: Box<Self>) -> (BoxMessageSink, BoxMessageStream);
}

impl<T: MessageSink> DynMessageSink for T {
    fn send_boxed(&mut self, message: Message) -> BoxFuture<'_, Result<(), TransportError>> {
        Box::pin(self.send(message))
    }
    fn close_boxed(&mut self) -> BoxFuture<'_, Result<(), TransportError>> {
        Box::pin(self.close())
    }
}

impl<T: MessageStream> DynMessageStream for T {
    fn recv_boxed(&mut self) -> BoxFuture<'_, Option<Result<Message, TransportError>>> {
        Box::pin(self.recv())
    }
}

impl<T: Transport> DynTransport for T {
    fn split_boxed(self: Box<Self>) -> (BoxMessageSink, BoxMessageStream) {
        let (sink, stream) = (*self).split();
        (Box::new(sink), Box::new(stream))
    }
}

impl MessageSink for BoxMessageSink {
    fn send(&mut self, message: Message) -> impl Future<Output = Result<(), TransportError>> + Send {
        (**self).send_boxed(message)
    }
    fn close(&mut self) -> impl Future<Output = Result<(), TransportError>> + Send {
        (**self).close_boxed()
    }
}

impl MessageStream for BoxMessageStream {
    fn recv(&mut self) -> impl Future<Output = Option<Result<Message, TransportError>>> + Send {
        (**self).recv_boxed()
    }
}

impl MessageSink for BoxTransport {
    fn send(&mut self, message: Message) -> impl Future<Output = Result<(), TransportError>> + Send {
        (**self).send_boxed(message)
    }
    fn close(&mut self) -> impl Future<Output = Result<(), TransportError>> + Send {
        (**self).close_boxed()
    }
}

impl MessageStream for BoxTransport {
    fn recv(&mut self) -> impl Future<Output = Option<Result<Message, TransportError>>> + Send {
        (**self).recv_boxed()
    }
}

impl Transport for BoxTransport {
    type Sink = BoxMessageSink;
    type Stream = BoxMessageStream;

    fn split(self) -> (BoxMessageSink, BoxMessageStream) {
        self.split_boxed()
    }

    /// Already boxed: returned as is, not boxed twice.
    fn boxed(self) -> BoxTransport {
        self
    }
}

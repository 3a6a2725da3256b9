import asyncio
from typing import Protocol


class PageStore(Protocol):
    async def load(self, path: str) -> str | None: ...


class MemoryStore:
    def __init__(self, pages):
        self.pages = pages

    async def load(self, path):
        return self.pages.get(path)


class RemoteStore:
    async def load(self, path):
        await asyncio.sleep(0.2)  # stands in for a request
        return f"<h1>{path} from the remote store</h1>"


async def render(store: PageStore, path: str) -> str:
    body = await store.load(path)
    return body if body is not None else "404 not found"


async def main():
    # Any object with an `async def load` will do, in a list or anywhere.
    stores = [MemoryStore({"/": "<h1>home</h1>"}), RemoteStore()]
    for store in stores:
        for path in ["/", "/about"]:
            print(f"{type(store).__name__} {path}: {await render(store, path)}")


asyncio.run(main())

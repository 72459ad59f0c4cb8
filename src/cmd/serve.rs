//! `folio serve`: the live preview; runs until interrupted.

use std::process::ExitCode;
use std::sync::Arc;

use folio::serve::{ServeOptions, Server};

use crate::cli::ServeArgs;

pub(crate) fn execute(args: ServeArgs) -> ExitCode {
    let options = ServeOptions {
        handbook: args.source.handbook,
        theme: args.source.theme,
        host: args.host,
        port: args.port,
        poll: args.poll,
    };
    let server = match Server::start(options, Arc::new(|line| eprintln!("{line}"))) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{}/", server.addr());
    eprintln!(
        "{}",
        folio::tr!("serving the preview at {url} (Ctrl-C to stop)", "vista previa en {url} (Ctrl-C para detenerla)")
    );
    if args.open {
        if let Err(err) = std::process::Command::new("xdg-open").arg(&url).spawn() {
            eprintln!(
                "{}",
                folio::tr!(
                    "warning: cannot open a browser ({err}); open {url} yourself",
                    "aviso: no se puede abrir un navegador ({err}); abra {url} usted mismo"
                )
            );
        }
    }
    loop {
        std::thread::park();
    }
}

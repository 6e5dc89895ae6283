import SenimCore
import SwiftUI

/// The app. Privacy: while the scene is not active (the app switcher, a call, the
/// control centre) the content is blurred and covered, so the app switcher's snapshot
/// shows nothing; when it goes to the background the vault locks and everything typed
/// or decrypted is dropped.
@main
struct SenimMain: App {
    @State private var app = AppModel()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            RootView(app: app)
                .privacyCover(scenePhase != .active, title: app.words.text("app-name"))
                .task { await app.start() }
        }
        .onChange(of: scenePhase) { _, phase in
            if phase == .background {
                Task { await app.enterBackground() }
            }
        }
    }
}

extension View {
    /// Blurs and covers the content (for the app switcher's snapshot), showing `title`.
    func privacyCover(_ covered: Bool, title: String) -> some View {
        blur(radius: covered ? 30 : 0)
            .overlay {
                if covered {
                    ZStack {
                        Rectangle().fill(.regularMaterial)
                        Text(title).font(.largeTitle.bold()).foregroundStyle(.secondary)
                    }
                    .ignoresSafeArea()
                }
            }
            .animation(nil, value: covered)
    }
}
